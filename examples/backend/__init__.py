"""A WeChat third-party platform's back end on wxopen (FastAPI + uvicorn, SQLAlchemy):
the API handbook's §4 routes. ``python -m examples.backend`` runs it against a local sandbox;
``examples/backend/README.md`` says how to run it against WeChat."""
