"""Reports for auditors: digitization rates, receipt usage, and their exports."""
