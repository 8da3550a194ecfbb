"""Steps a new account goes through after its first sign-in, registered by the apps that own them.

The accounts app knows no other app: the personal app registers "choose your areas of interest"
here (in its AppConfig.ready), and the sign-in redirect and the profile page ask for the next step.
"""

from collections.abc import Callable

# Each step takes the request and returns the address of the step, or None when it is done.
_steps: list[Callable] = []


def register_step(step):
    if step not in _steps:
        _steps.append(step)
    return step


def next_step_url(request):
    for step in _steps:
        url = step(request)
        if url:
            return url
    return None
