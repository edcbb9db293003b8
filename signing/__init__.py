"""Digital signatures on Sohoa's PDFs: keys from profiles, PAdES signing and verification."""
