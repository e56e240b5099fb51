#!/usr/bin/python3
"""Benchmark peer: downloads URLs one after another the way numerapi's utils.download_file
does (requests, stream=True, 1 KiB chunks appended to a file).

usage: python_download.py CA_FILE DIR URL...
"""
import os
import sys

import requests


def main():
    ca_file, directory, urls = sys.argv[1], sys.argv[2], sys.argv[3:]
    for url in urls:
        dest = os.path.join(directory, url.rsplit("/", 1)[1])
        with requests.get(url, stream=True, timeout=600, verify=ca_file) as r:
            r.raise_for_status()
            with open(dest + ".temp", "ab") as f:
                for chunk in r.iter_content(1024):
                    if chunk:
                        f.write(chunk)
        os.replace(dest + ".temp", dest)


if __name__ == "__main__":
    main()
