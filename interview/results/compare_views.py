"""Comparison of a requisition's candidates and calibration summaries."""

from flask import Blueprint

bp = Blueprint("compare", __name__)
