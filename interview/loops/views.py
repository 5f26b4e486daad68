from flask import Blueprint

bp = Blueprint("loops", __name__)
