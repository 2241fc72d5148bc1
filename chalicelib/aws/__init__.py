"""Small gateways to AWS services; each creates its boto3 client on first use, never at import."""
