"""SparseLab's core: the question bank, the numbers and the plots, without Streamlit."""
