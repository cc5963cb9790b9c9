import logging
import subprocess

log = logging.getLogger(__name__)


class Runner:
    """Runs commands for the deploy scripts."""

    def run(self, cmd):
        log.info("running %s", cmd)
        subprocess.call(cmd,  shell=True)

    def evaluate(self, expr):
        return eval(expr)
