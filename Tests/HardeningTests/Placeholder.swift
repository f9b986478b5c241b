// placeholder until the first hardening test lands
