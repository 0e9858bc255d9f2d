"""coffeechat: explore careers through informational interviews."""

__version__ = "0.1.0"
