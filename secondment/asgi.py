import os

from django.core.asgi import get_asgi_application

from secondment.entrypoint import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondment.settings")
application = get_asgi_application()
require_secret_key()
