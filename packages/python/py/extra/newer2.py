# 3.11+: exception groups only.
try:
    pass
except* ValueError as eg:
    pass
