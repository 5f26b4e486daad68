"""The works council (Betriebsrat): requisitions shared with it, read only, and the
printable documents per requisition (§99 BetrVG)."""
