"""Placeholder while the page is being built in this session; replaced before anything lands."""

import streamlit as st

st.title("Under udarbejdelse")
