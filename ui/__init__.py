"""Qt views. They call bhyt_desktop (the core) and hold no business rules."""
