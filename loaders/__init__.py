"""Excel in and out: the template contract, the reader/validator and the writers. No Streamlit here."""
