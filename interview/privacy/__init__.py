"""Data protection: the retention policy, anonymisation, access exports and erasure on
request (DSGVO Art. 15 and 17), and the daily retention run of the background worker."""
