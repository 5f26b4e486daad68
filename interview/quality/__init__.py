"""Interview quality: the reliability sample (planned second raters), agreement between
raters, rater effects and adherence, group comparisons and evidence flags, as pages and
exports for calibration. The figures themselves come from ``interview.statistics``."""
