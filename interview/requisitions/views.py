from flask import Blueprint

bp = Blueprint("requisitions", __name__, url_prefix="/requisitions")
