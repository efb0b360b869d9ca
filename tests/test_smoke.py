def test_login_page_renders(client):
    r = client.get("/auth/login")
    assert r.status_code == 200
    assert "<html" in r.get_data(as_text=True)


def test_login_as_admin_sees_home(login_as, client):
    login_as("admin")
    r = client.get("/")
    assert r.status_code == 200
    assert "Manage user accounts" in r.get_data(as_text=True)
