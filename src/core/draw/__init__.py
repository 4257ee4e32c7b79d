"""The verifiable draw engine, shared by expert panels and alumni lotteries (pure Python:
`engine.verify()` / `engine.group_order()` run on a downloaded receipt with the standard
library alone). Moved here from tenant_apps/experts/panels/drawing.py unchanged, so every
receipt issued before still verifies."""
