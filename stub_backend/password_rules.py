"""What a new password must be: 8 to 128 characters, valid text, and not one everybody tries
first. One rule for registration, a password change and a reset."""

from pydantic_core import PydanticCustomError

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128

# The most common passwords of 8 characters or more in public breach lists: guessers try these
# first, so the login throttle alone does not protect them. Shorter ones fail the length rule.
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password12", "password123", "password1234", "password!",
        "passw0rd", "p@ssw0rd", "p@ssword", "12345678", "123456789", "1234567890",
        "12345678910", "87654321", "11111111", "00000000", "88888888", "12341234", "11223344",
        "123123123", "987654321", "qwertyui", "qwertyuiop", "qwerty123", "qwerty12",
        "qwerty1234", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "1qazxsw2", "qazwsxedc",
        "123qweasd", "asdfghjk", "asdfghjkl", "zxcvbnm1", "q1w2e3r4", "iloveyou", "iloveyou1",
        "iloveyou2", "sunshine", "sunshine1", "princess", "princess1", "football", "football1",
        "baseball", "baseball1", "basketball", "superman", "superman1", "batman123",
        "starwars", "trustno1", "whatever", "whatever1", "welcome1", "welcome123", "letmein1",
        "letmein123", "changeme", "changeme123", "admin123", "administrator", "abc12345",
        "abcd1234", "abcdefgh", "aa123456", "a1234567", "computer", "internet", "michelle",
        "jennifer", "jordan23", "corvette", "mercedes", "midnight", "master123", "mustang1",
        "monkey123", "dragon123", "shadow123", "charlie1", "hello123", "hello1234", "freedom1",
        "liverpool", "chelsea1", "arsenal1", "pokemon1", "samsung1", "google123", "nicole123",
        "secret123", "test1234", "testtest", "guest123", "loveme123", "babygirl1", "lovely123",
        "daniel123", "michael1", "summer2024", "winter2024", "spring2024", "autumn2024",
    }
)  # fmt: skip


def check_new_password(value: str) -> str:
    """The password unchanged, or a validation error with a sentence a person can act on."""
    if len(value) < PASSWORD_MIN_LENGTH:
        raise PydanticCustomError(
            "password_too_short", f"Password must be at least {PASSWORD_MIN_LENGTH} characters."
        )
    if len(value) > PASSWORD_MAX_LENGTH:
        raise PydanticCustomError(
            "password_too_long", f"Password must be at most {PASSWORD_MAX_LENGTH} characters."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "password_not_text", "Password must be valid Unicode text."
        ) from None
    if value.lower() in COMMON_PASSWORDS:
        raise PydanticCustomError(
            "password_too_common", "This password is too common; choose another."
        )
    return value
