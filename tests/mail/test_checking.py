"""What a failed connection says: each problem in plain words, naming the server."""

import imaplib
import smtplib
import socket
import ssl

import pytest

from coffeechat.mail.checking import Server, explain

IMAP = Server("IMAP", "imap.example.org", 993, "ssl", "sam", "pw")
SMTP = Server("SMTP", "smtp.example.org", 587, "starttls", "sam", "pw")


def certificate_error() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    error.verify_message = "Hostname mismatch, certificate is not valid for 'imap.example.org'"
    return error


@pytest.mark.parametrize(
    ("server", "error", "said"),
    [
        (
            IMAP,
            socket.gaierror(-2, "Name or service not known"),
            "The IMAP server imap.example.org:993: the host imap.example.org was not found",
        ),
        (
            SMTP,
            ConnectionRefusedError(111, "Connection refused"),
            "The SMTP server smtp.example.org:587 refused the connection",
        ),
        (
            IMAP,
            TimeoutError("timed out"),
            "The IMAP server imap.example.org:993 did not answer within 10 seconds",
        ),
        (IMAP, certificate_error(), "has a certificate problem: Hostname mismatch"),
        (
            IMAP,
            ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"),
            "The server may expect STARTTLS",
        ),
        (
            SMTP,
            smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"),
            "refused the user name or password",
        ),
        (
            IMAP,
            imaplib.IMAP4.error(b"[AUTHENTICATIONFAILED] Authentication failed."),
            "refused the user name or password",
        ),
        (SMTP, smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "closed the connection"),
    ],
)
def test_each_problem_is_said_plainly_with_the_server(server: Server, error: Exception, said: str) -> None:
    assert said in explain(error, server)
