"""Interviewers' start screen and assignment pages."""

from flask import Blueprint

bp = Blueprint("assignments", __name__)
