"""Values the tests share, so that one test's "valid upload" is every test's."""

# Every test user's password (vss.testing.factories.UserFactory sets it).
PASSWORD = "correct horse battery staple"

# The smallest file the upload checks take for a PDF.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
