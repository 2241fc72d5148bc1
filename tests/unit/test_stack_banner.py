"""The banner `make run` prints: each demo user with what their role does."""
from infra.local.stack import DEMO_ROLES, DEMO_USERS, print_demo


def test_the_banner_says_what_each_demo_user_can_do(capsys):
    users = {key: {"name": name, "role": role, "email": email, "user_id": f"usr_{key}", "token": f"tok_{key}"}
             for key, name, role, email in DEMO_USERS}
    print_demo("http://127.0.0.1:8000", users)
    banner = capsys.readouterr().out
    assert {role for _, _, role, _ in DEMO_USERS} <= set(DEMO_ROLES)
    for key, name, role, _ in DEMO_USERS:
        assert f"{name} ({role}," in banner and DEMO_ROLES[role] in banner and f"tok_{key}" in banner
