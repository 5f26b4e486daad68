"""Statistics behind the interview-quality figures. Pure: no Flask, no database.

Plain Python data in, frozen dataclasses out; codes instead of wording, so that the views
choose the words and their translation. One job per module:

- ``records``: the plain rating record shared by the modules below;
- ``distributions``: Student's t and normal quantiles (no SciPy);
- ``bootstrap``: seeded resampling of units and percentile intervals;
- ``icc``, ``alpha``: intraclass correlation (Shrout & Fleiss 1979) and Krippendorff's alpha;
- ``bands``: plain-language bands and the "too few to say" floor;
- ``agreement``: ICC(1,1) and alpha per area and per framework, with interval, n and band;
- ``rater_effects``: leniency or severity of each rater against co-raters and panel;
- ``adherence``: notes, probes and punctuality of each rater;
- ``proportions``, ``fisher``, ``groups``, ``selection``: group comparisons and adverse impact;
- ``similarity``, ``evidence``: evidence that states no outcome, is copied, or is far shorter.

NumPy is imported inside the functions that need it, so importing the app stays fast.
"""
