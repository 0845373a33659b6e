"""What the kernel tells the apps without importing them."""
from django.dispatch import Signal

# A security event seen by the kernel (a refused request, an export): sent with `kind`,
# `request` and the event's details as keyword arguments. The accounts app records it.
security_event = Signal()

# A workflow step taken (an app's service function, inside its transaction): sent with
# `step` (a code such as "order_returned"), `obj` and `actor`; the notices app tells those
# who wait for it.
step_taken = Signal()
