"""How the scenario reaches the sandbox: a small interface (`base`), the live drivers that use the
sandbox's real APIs and SFTP (`braze`, `grid`), and a recording driver that writes what would be
sent to files, so the ground truth and the manifest can be built and tested without a sandbox."""
