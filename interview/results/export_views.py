"""Exports of consolidated scorecards and comparisons."""

from flask import Blueprint

bp = Blueprint("exports", __name__)
