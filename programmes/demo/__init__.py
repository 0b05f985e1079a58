"""Demo data of the programmes, from the seeds: one module per programme, run in the order
of accounts/management/commands/seed_demo.py STEPS."""
