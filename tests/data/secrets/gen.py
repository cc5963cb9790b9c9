#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the labelled secret-scanner corpus: positive/<rule>.txt holds FAKE
# secrets in each rule's documented format (random characters from a fixed
# seed: they look real, they are not), negative/*.txt holds near-misses that
# must not be reported, and MANIFEST lists every expected finding as
# FILE:LINE:RULE. Run it from this folder after changing a rule's format.
import base64, json, os, random, string

R = random.Random(20261123)
B62 = string.ascii_letters + string.digits
HEX = '0123456789abcdef'
B64 = string.ascii_letters + string.digits + '+/'
URL = string.ascii_letters + string.digits + '_-'
UP = string.ascii_uppercase + string.digits

def r(alpha, n):
    return ''.join(R.choice(alpha) for _ in range(n))

def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(',', ':')).encode()).decode().rstrip('=')

def pem(kind, nbytes, prefix='', headers=''):
    body = prefix + r(B64, (nbytes * 4) // 3 - len(prefix))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ['-----BEGIN %s-----' % kind] + ([headers, ''] if headers else []) + lines + ['-----END %s-----' % kind]

def uuid():
    return '%s-%s-%s-%s-%s' % (r(HEX, 8), r(HEX, 4), r(HEX, 4), r(HEX, 4), r(HEX, 12))

# rule -> list of samples; a sample is a list of lines, the secret's line first
# (index 0 of the sample is reported unless the sample says otherwise).
S = {}
def add(rule, *samples):
    S.setdefault(rule, []).extend(samples)

add('private-key-rsa', pem('RSA PRIVATE KEY', 1190, 'MIIEpAIBAAKCAQEA'),
    pem('RSA PRIVATE KEY', 1190, 'MIIEowIBAAKCAQEA', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,' + r(HEX, 32).upper()))
add('private-key-dsa', pem('DSA PRIVATE KEY', 660, 'MIIBuwIBAAKBgQ'))
add('private-key-ec', pem('EC PRIVATE KEY', 120, 'MHcCAQEEI'))
add('private-key-openssh', pem('OPENSSH PRIVATE KEY', 300, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'))
add('private-key-pkcs8', pem('PRIVATE KEY', 1216, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'),
    ['{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n' +
     '\\n'.join(x for x in [r(B64, 64) for _ in range(20)]) + '\\n-----END PRIVATE KEY-----\\n"}'])
add('private-key-pkcs8-encrypted', pem('ENCRYPTED PRIVATE KEY', 1300, 'MIIFHDBOBgkqhkiG9w0BBQ0wQTAp'))
add('private-key-pgp', ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'Version: GnuPG v2', ''] +
    [r(B64, 64) for _ in range(25)] + ['=' + r(B64, 4), '-----END PGP PRIVATE KEY BLOCK-----'])
add('private-key-ssh2', ['---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----', 'Comment: "rsa-key-20240101"'] +
    [r(B64, 70) for _ in range(12)] + ['---- END SSH2 ENCRYPTED PRIVATE KEY ----'])
add('private-key-putty', ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: none', 'Comment: deploy',
    'Public-Lines: 2', r(B64, 64), r(B64, 4), 'Private-Lines: 1', r(B64, 44), 'Private-MAC: ' + r(HEX, 64)])
add('age-secret-key', ['AGE-SECRET-KEY-1' + r('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)])
add('aws-access-key-id', ['AWS_ACCESS_KEY_ID=AKIA' + r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)],
    ['aws_access_key_id = ASIA' + r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)])
add('aws-secret-access-key', ['aws_secret_access_key = ' + r(B62 + '/+', 40)],
    ['  AWS_SECRET_ACCESS_KEY: "%s"' % r(B62 + '/+', 40)])
add('aws-mws-key', ['mws_token = "amzn.mws.%s"' % uuid()])
add('gcp-api-key', ['const firebaseKey = "AIza%s";' % r(URL, 35)])
add('gcp-service-account-key', ['  "private_key_id": "%s",' % r(HEX, 40)])
add('gcp-oauth-client-secret', ['client_secret: GOCSPX-' + r(URL, 28)])
add('gcp-oauth-access-token', ['Authorization: Bearer ya29.' + r(URL, 120)])
add('azure-storage-connection-string', ['AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=acmestore01;AccountKey=%s==;EndpointSuffix=core.windows.net' % r(B64, 86)])
add('azure-storage-account-key', ['storage_account_key = "%s=="' % r(B64, 86)])
add('azure-sas-token', ['url = "https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&sig=%s%%3D"' % r(B62, 43)])
add('azure-ad-client-secret', ['AZURE_CLIENT_SECRET=%s%dQ~%s' % (r(B62, 3), R.randint(0, 9), r(B62 + '_~.-', 34))])
add('alibaba-access-key-id', ['accessKeyId: LTAI' + r(B62, 20)])
add('alibaba-secret-key', ['alibaba_access_key_secret = "%s"' % r(B62, 30)])
add('tencent-secret-id', ['SecretId: AKID' + r(B62, 32)])
add('tencent-secret-key', ['TENCENTCLOUD_SECRET_KEY=' + r(B62, 32)])
add('digitalocean-pat', ['DIGITALOCEAN_TOKEN=dop_v1_' + r(HEX, 64)])
add('digitalocean-oauth-token', ['token = "doo_v1_%s"' % r(HEX, 64)])
add('heroku-api-key', ['HEROKU_API_KEY=' + uuid()])
add('heroku-api-key-v2', ['heroku: HRKU-' + r(URL, 60)])
add('cloudflare-origin-ca-key', ['CF_ORIGIN_CA_KEY=v1.0-%s-%s' % (r(HEX, 24), r(HEX, 146))])
add('flyio-token', ['FLY_API_TOKEN="FlyV1 fm2_%s"' % r(B64, 160)])
add('databricks-token', ['DATABRICKS_TOKEN=dapi' + r(HEX, 32)])
add('supabase-token', ['SUPABASE_ACCESS_TOKEN=sbp_' + r(HEX, 40)])
add('github-pat', ['GITHUB_TOKEN=ghp_' + r(B62, 36)], ['    token: "ghp_%s"' % r(B62, 36)])
add('github-fine-grained-pat', ['gh_token = "github_pat_%s_%s"' % (r(B62, 22), r(B62, 59))])
add('github-oauth-token', ['oauth = "gho_%s"' % r(B62, 36)])
add('github-app-token', ['installation_token: ghs_' + r(B62, 36)], ['user_token: ghu_' + r(B62, 36)])
add('github-refresh-token', ['refresh = "ghr_%s"' % r(B62, 36)])
add('gitlab-pat', ['GITLAB_TOKEN=glpat-' + r(URL, 20)])
add('gitlab-runner-token', ['token = "glrt-%s"' % r(URL, 20)])
add('gitlab-runner-registration-token', ['registration-token: GR1348941' + r(URL, 20)])
add('gitlab-deploy-token', ['deploy_token: gldt-' + r(URL, 20)])
add('gitlab-pipeline-trigger-token', ['TRIGGER=glptt-' + r(HEX, 40)])
add('circleci-token', ['CIRCLE_TOKEN=CCIPAT_%s_%s' % (r(B62, 22), r(HEX, 40))])
add('atlassian-api-token', ['JIRA_API_TOKEN=ATATT3xFfGF0' + r(URL, 180) + '=' + r(HEX, 8).upper()])
add('artifactory-api-key', ['ARTIFACTORY_API_KEY=AKCp' + r(B62, 69)])
add('hashicorp-tfc-token', ['credentials "app.terraform.io" { token = "%s.atlasv1.%s" }' % (r(B62, 14), r(URL, 67))])
add('hashicorp-vault-service-token', ['VAULT_TOKEN=hvs.' + r(URL, 95)])
add('hashicorp-vault-batch-token', ['VAULT_TOKEN=hvb.' + r(URL, 150)])
add('pulumi-access-token', ['PULUMI_ACCESS_TOKEN=pul-' + r(HEX, 40)])
add('doppler-token', ['DOPPLER_TOKEN=dp.pt.' + r(B62, 43)])
add('grafana-cloud-token', ['GRAFANA_CLOUD_TOKEN=glc_' + r(B62 + '+/', 120)])
add('grafana-service-account-token', ['GRAFANA_SA=glsa_%s_%s' % (r(B62, 32), r(HEX, 8))])
add('postman-api-key', ['POSTMAN_API_KEY=PMAK-%s-%s' % (r(HEX, 24), r(HEX, 34))])
add('npm-token', ['//registry.npmjs.org/:_authToken=npm_' + r(B62, 36)])
add('pypi-token', ['password = pypi-AgEIcHlwaS5vcmc' + r(URL, 120)])
add('dockerhub-token', ['DOCKERHUB_TOKEN=dckr_pat_' + r(URL, 27)])
add('rubygems-api-key', [':rubygems_api_key: rubygems_' + r(HEX, 48)])
add('nuget-api-key', ['dotnet nuget push pkg.nupkg --api-key oy2' + r('abcdefghijklmnopqrstuvwxyz0123456789', 43)])
add('slack-bot-token', ['SLACK_BOT_TOKEN=xoxb-%s-%s-%s' % (r('0123456789', 12), r('0123456789', 13), r(B62, 24))])
add('slack-user-token', ['slack_user = "xoxp-%s-%s-%s-%s"' % (r('0123456789', 12), r('0123456789', 12), r('0123456789', 13), r(HEX, 32))])
add('slack-app-token', ['SLACK_APP_TOKEN=xapp-1-%s-%s-%s' % (r(UP, 11), r('0123456789', 13), r(HEX, 64))])
add('slack-webhook-url', ['webhook: https://hooks.slack.com/services/T%s/B%s/%s' % (r(UP, 8), r(UP, 10), r(B62, 24))])
add('discord-bot-token', ['DISCORD_TOKEN=M%s.%s.%s' % (r(URL, 23), r(URL, 6), r(URL, 38))])
add('discord-webhook-url', ['url = "https://discord.com/api/webhooks/%s/%s"' % (r('0123456789', 18), r(URL, 68))])
add('telegram-bot-token', ['TELEGRAM_BOT_TOKEN=%s:AA%s' % (r('0123456789', 10), r(URL, 33))])
add('teams-webhook-url', ['TEAMS_WEBHOOK=https://acme.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s' % (uuid(), uuid(), r(HEX, 32), uuid())])
add('twilio-api-key', ['TWILIO_API_KEY=SK' + r(HEX, 32)])
add('twilio-auth-token', ['TWILIO_AUTH_TOKEN=' + r(HEX, 32)])
add('sendgrid-api-key', ['SENDGRID_API_KEY=SG.%s.%s' % (r(URL, 22), r(URL, 43))])
add('mailgun-api-key', ['MAILGUN_KEY=key-' + r(HEX, 32)])
add('mailchimp-api-key', ['MAILCHIMP=%s-us%d' % (r(HEX, 32), R.randint(1, 21))])
add('brevo-api-key', ['BREVO_API_KEY=xkeysib-%s-%s' % (r(HEX, 64), r(B62, 16))])
add('stripe-live-secret-key', ['STRIPE_SECRET_KEY=sk_live_' + r(B62, 99)], ["Stripe.api_key = 'sk_live_%s'" % r(B62, 24)])
add('stripe-test-secret-key', ['stripe_key: sk_test_' + r(B62, 24)])
add('stripe-restricted-key', ['STRIPE_RESTRICTED=rk_live_' + r(B62, 24)])
add('stripe-webhook-secret', ['STRIPE_WEBHOOK_SECRET=whsec_' + r(B62, 32)])
add('square-access-token', ['SQUARE_ACCESS_TOKEN=EAAA' + r(URL, 60)])
add('square-oauth-secret', ['square_secret = "sq0csp-%s"' % r(URL, 43)])
add('braintree-access-token', ['BRAINTREE=access_token$production$%s$%s' % (r('abcdefghijklmnopqrstuvwxyz0123456789', 16), r(HEX, 32))])
add('shopify-access-token', ['SHOPIFY_TOKEN=shpat_' + r(HEX, 32)])
add('shopify-shared-secret', ['SHOPIFY_SECRET=shpss_' + r(HEX, 32)])
add('datadog-api-key', ['DD_API_KEY=' + r(HEX, 32)], ['datadog_api_key: "%s"' % r(HEX, 32)])
add('datadog-app-key', ['DD_APP_KEY=' + r(HEX, 40)])
add('newrelic-user-api-key', ['NEW_RELIC_API_KEY=NRAK-' + r(UP, 27)])
add('newrelic-insert-key', ['NEW_RELIC_INSERT_KEY=NRII-' + r(URL, 32)])
add('sentry-dsn', ['SENTRY_DSN=https://%s@o%s.ingest.sentry.io/%s' % (r(HEX, 32), r('0123456789', 6), r('0123456789', 7))])
add('sentry-org-token', ['SENTRY_AUTH_TOKEN=sntrys_eyJ' + r(B62, 120)])
add('sentry-user-token', ['SENTRY_AUTH_TOKEN=sntryu_' + r(HEX, 64)])
add('linear-api-key', ['LINEAR_API_KEY=lin_api_' + r(B62, 40)])
add('notion-integration-token', ['NOTION_TOKEN=ntn_%s%s' % (r('0123456789', 11), r(B62, 35))])
add('notion-legacy-token', ['NOTION_TOKEN=secret_' + r(B62, 43)])
add('okta-api-token', ['OKTA_API_TOKEN=00' + r(URL, 40)])
add('dropbox-token', ['DROPBOX_TOKEN=sl.' + r(URL, 140)])
add('planetscale-token', ['PLANETSCALE_TOKEN=pscale_tkn_' + r(URL, 43)])
add('snyk-token', ['SNYK_TOKEN=' + uuid()])
add('algolia-admin-key', ['ALGOLIA_ADMIN_KEY=' + r(HEX, 32)])
add('mapbox-secret-token', ['MAPBOX_SECRET=sk.eyJ%s.%s' % (r(URL, 60), r(URL, 22))])
add('openai-api-key', ['OPENAI_API_KEY=sk-proj-%sT3BlbkFJ%s' % (r(URL, 74), r(URL, 74))], ['openai.api_key = "sk-%sT3BlbkFJ%s"' % (r(B62, 20), r(B62, 20))])
add('anthropic-api-key', ['ANTHROPIC_API_KEY=sk-ant-api03-%sAA' % r(URL, 93)])
add('huggingface-token', ['HF_TOKEN=hf_' + r(string.ascii_letters, 34)])
add('huggingface-org-token', ['HF_ORG=api_org_' + r(string.ascii_letters, 34)])
add('jwt', ['Authorization: Bearer %s.%s.%s' % (b64url({'alg': 'HS256', 'typ': 'JWT'}), b64url({'sub': r('0123456789', 10), 'name': 'Ada', 'iat': 1700000000}), r(URL, 43))])
add('postgres-url-password', ['DATABASE_URL=postgres://app:%s@db.internal:5432/app' % r(B62, 20)])
add('mysql-url-password', ['url = "mysql://root:%s@10.0.0.5:3306/shop"' % r(B62, 16)])
add('mongodb-url-password', ['MONGO_URI=mongodb+srv://svc:%s@cluster0.ab1cd.mongodb.net/db' % r(B62, 18)])
add('redis-url-password', ['REDIS_URL=redis://:%s@cache.internal:6379/0' % r(B62, 24)])
add('amqp-url-password', ['BROKER_URL=amqp://worker:%s@rabbit:5672/vhost' % r(B62, 16)])
add('generic-api-key', ['api_key = "%s"' % r(B62, 32)], ['  password: %s' % (r(B62, 10) + '#' + r(B62, 5))],
    ['export SERVICE_TOKEN="%s"' % r(B62 + '+/', 40)], ['"clientSecret": "%s",' % r(B62, 24)])

NEGATIVE = r'''# documentation and templates: none of these is a secret
AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}
token: ${GITHUB_TOKEN}
api_key = "<your-api-key>"
api_key: your_api_key_here
password = "changeme"
password: hunter2hunter2
secret = "********"
SECRET_KEY = os.environ["SECRET_KEY"]
api_key = settings.API_KEY_V2
token = get_token_from_env()
secret_name = "my-app-secret-v2"
token_type = "bearer"
password_min_length = 12
DATABASE_URL=postgres://user:password@localhost:5432/app
DATABASE_URL=postgres://localhost/app
REDIS_URL=redis://localhost:6379
mongodb://mongo:27017/db
amqp://guest:guest@localhost:5672
DATABASE_URL=postgres://hypex:hypex@localhost:5432/hypex
fmt = "token=%s" % make_token_for_user_12
"NextToken": "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==",
"ChangeToken": "abcd12f2-46da-4fdb-b8d5-fbd4c466928f",
"Resource": "arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-a1b2c3",
"AWS::AppSync::ApiKey": "3d10b5c6e2f14a9b8c7d6e5f4a3b2c1d",
stripe_publishable_key = "pk_live_51HxQ2cK9vLmN3pR7sT1uW4yZ6aB8dE0f"
session_token_length = 1234567890123
sk_live_short123
ghp_abc
stripe: sk_test_4eC39HqLyjWDarjtT1zdp7dc_EXAMPLE
commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39
sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
uuid = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
SK0123abcd
-----BEGIN RSA PRIVATE KEY-----
...
-----END RSA PRIVATE KEY-----
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASC<your key here>
-----END PRIVATE KEY-----
-----BEGIN OPENSSH PRIVATE KEY-----
xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
-----END OPENSSH PRIVATE KEY-----
eyJmb28iOiJiYXIifQ.eyJmb28iOiJiYXIifQ.c2lnbmF0dXJlc2lnbmF0dXJl
https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
the word token: and then some prose that goes on
'''

def near_misses():
    out = NEGATIVE.rstrip('\n').split('\n')
    # provider formats one character too short or too long (under names the
    # generic rule leaves alone: these test the provider rules' bounds)
    out.append('sample_id: ghp_' + r(B62, 35))
    out.append('sample_id: ghp_' + r(B62, 37))
    out.append('label = npm_' + r(B62, 35))
    out.append('ID=AKIA' + r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 15))
    out.append('SLACK=xoxb-123-456-' + r(B62, 24))
    out.append('ref: sk_live_' + r(B62, 23))
    out.append('ref: glpat-' + r(URL, 19))
    # public material next to private-key look-alikes
    out += pem('PUBLIC KEY', 294, 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A')
    out += pem('CERTIFICATE', 900, 'MIIDdzCCAl+gAwIBAgIE')
    # a real-looking secret the author marked as accepted
    out.append('ACCEPTED_TOKEN=ghp_%s  # shipgate:allow' % r(B62, 36))
    out.append('TWILIO_API_KEY=SK%s  // gitleaks:allow' % r(HEX, 32))
    return out

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    manifest = []
    os.makedirs(os.path.join(here, 'positive'), exist_ok=True)
    os.makedirs(os.path.join(here, 'negative'), exist_ok=True)
    for rule, samples in sorted(S.items()):
        lines = ['# fake %s samples for the shipgate scanner corpus (not real credentials)' % rule, '']
        for smp in samples:
            manifest.append('positive/%s.txt:%d:%s' % (rule, len(lines) + 1, rule))
            lines += smp + ['']
        with open(os.path.join(here, 'positive', rule + '.txt'), 'w') as f:
            f.write('\n'.join(lines))
    with open(os.path.join(here, 'negative', 'near-misses.txt'), 'w') as f:
        f.write('\n'.join(near_misses()) + '\n')
    with open(os.path.join(here, 'MANIFEST'), 'w') as f:
        f.write('# FILE:LINE:RULE expected findings; every other finding is a false positive\n')
        f.write('\n'.join(manifest) + '\n')

main()
