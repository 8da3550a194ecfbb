"""Settings for running the demo and developing locally."""

from .base import *  # noqa: F403
from .base import envbool

DEBUG = envbool("DEBUG", "true")
