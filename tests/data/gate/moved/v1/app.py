import subprocess
import yaml


def run(cmd):
    subprocess.call(cmd, shell=True)


def load(text):
    return yaml.load(text)
