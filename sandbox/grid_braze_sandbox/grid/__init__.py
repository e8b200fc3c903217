"""The Trading Grid / Active Community emulator: an SFTP mailbox, the emulated `/tg/v1` and
`/ac/v1` REST families, suppliers played by mock-edi, and faults.

OpenText publishes no REST API for Trading Grid or Active Community. The REST families here are
emulated, modelled on similar APIs (OpenText Developer Cloud auth, ECGrid mailbox operations,
Orderful pagination, SPS Commerce problem bodies), not published by OpenText. The SFTP mailbox is
the transport Trading Grid customers really use.
"""
