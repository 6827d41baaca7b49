"""The production settings with the frame's pages added (bench/load/frame_urls.py):
what `bench/load/run.py --frame` serves."""

from vss.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load.frame_urls"
