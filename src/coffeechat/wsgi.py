import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from coffeechat.lib.proxies import TrustedProxies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
# Whatever server runs this (waitress in `serve`, runserver, gunicorn), the client's address and
# scheme come from trusted proxies only.
application = TrustedProxies(get_wsgi_application(), settings.TRUSTED_PROXIES)
