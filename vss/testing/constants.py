"""Values the tests share, so that one test's "valid upload" is every test's."""

import os

# Every test user's password (vss.testing.factories.UserFactory sets it).
PASSWORD = "correct horse battery staple"

# The smallest PDF the upload checks take: one empty page, no script, nothing attached
# (written by pikepdf; the checks open every PDF with it).
PDF = (
    b"%PDF-1.3\n1 0 obj\n<< /Pages 2 0 R /Type /Catalog >>\nendobj\n"
    b"2 0 obj\n<< /Count 1 /Kids [ 3 0 R ] /Type /Pages >>\nendobj\n"
    b"3 0 obj\n<< /MediaBox [ 0 0 10 10 ] /Parent 2 0 R /Resources << >> /Type /Page >>\n"
    b"endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000117 00000 n \ntrailer << /Root 1 0 R /Size 4 >>\nstartxref\n205\n%%EOF\n"
)

# The smallest valid PNG: one transparent pixel, as the upload checks draw it again
# (so what is stored is these very bytes).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63606060600000000500017aa857500000000049454e44ae426082"
)

# A database of the local Redis that tests may empty, apart from the queue's and the
# cache's of `make run`.
TEST_REDIS_URL = os.environ.get("VSS_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
