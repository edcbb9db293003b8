"""Where jobs run: the queue seam (a local pool or Celery), leases, the heartbeat and its
sweeps, and the registry of job kinds. It knows the jobs table, not what a job does: use
cases register their kinds and sweepers here, and nothing here imports a use case."""
