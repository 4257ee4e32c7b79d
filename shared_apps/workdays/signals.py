from django.dispatch import Signal

# Sent after the transaction that saved a year's arrangement commits; `year` is the int.
# Apps whose stored deadlines count working days listen and recompute them.
calendar_changed = Signal()
