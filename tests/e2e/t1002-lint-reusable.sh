#!/usr/bin/env bash
# Local reusable workflow calls are checked against the called file.
. "$(dirname "$0")/lib.sh"

make_repo repo
write_file repo/.github/workflows/called.yml <<'YAML'
on:
  workflow_call:
    inputs:
      env: {type: string, required: true}
      dry: {type: boolean}
    secrets:
      token: {required: true}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ inputs.env }}"
YAML

test_expect_success 'a call that gives what the called file needs lints clean' '
    write_file repo/.github/workflows/main.yml <<-YAML &&
	on: push
	jobs:
	  deploy:
	    uses: ./.github/workflows/called.yml
	    with:
	      ENV: prod
	    secrets: inherit
	YAML
    (cd repo && "$SHIPGATE" lint >out 2>&1) && test ! -s repo/out
'

test_expect_success 'missing required inputs and secrets, undeclared ones, reported' '
    write_file repo/.github/workflows/main.yml <<-YAML &&
	on: push
	jobs:
	  deploy:
	    uses: ./.github/workflows/called.yml
	    with:
	      nope: 1
	    secrets:
	      other: x
	YAML
    (cd repo && "$SHIPGATE" lint .github/workflows/main.yml >../out; test $? = 1) &&
    cat >expect <<-EOF &&
	.github/workflows/main.yml:4:11: error: Input env is required, but not provided while calling.
	.github/workflows/main.yml:4:11: error: Secret token is required, but not provided while calling.
	.github/workflows/main.yml:6:13: error: Invalid input, nope is not defined in the referenced workflow.
	.github/workflows/main.yml:8:14: error: Invalid secret, other is not defined in the referenced workflow.
	EOF
    diff -u expect out
'

test_expect_success 'a called file without workflow_call, or missing, is an error' '
    write_file repo/.github/workflows/main.yml <<-YAML &&
	on: push
	jobs:
	  a:
	    uses: ./.github/workflows/main.yml
	  b:
	    uses: ./.github/workflows/absent.yml
	YAML
    (cd repo && "$SHIPGATE" lint .github/workflows/main.yml >../out; test $? = 1) &&
    grep -q "^.github/workflows/main.yml:4:11: error: workflow_call key is not defined in the referenced workflow.$" out &&
    grep -q "^.github/workflows/main.yml:6:11: error: cannot read the called workflow" out
'
test_done
