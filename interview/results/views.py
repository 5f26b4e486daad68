"""One candidate's consolidated scorecard and the hiring decision."""

from flask import Blueprint

bp = Blueprint("results", __name__)
