"""The partner directory (Open Referral HSDS shape): partners, services, contact points."""
