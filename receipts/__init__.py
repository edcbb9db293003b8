"""E-receipts for fees and charges: data, amount in words, PDF/DOCX/XML renderings."""
