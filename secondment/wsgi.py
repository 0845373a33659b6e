import os

from django.core.wsgi import get_wsgi_application

from secondment.entrypoint import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secondment.settings")
application = get_wsgi_application()
require_secret_key()
