"""View models for the Streamlit app: everything app.py shows, computed without Streamlit."""
