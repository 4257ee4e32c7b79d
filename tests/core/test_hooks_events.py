from core import hooks


def test_published_event_reaches_each_subscriber_once_and_nothing_breaks_without_one():
    seen = []

    def handler(**payload):
        seen.append(payload)
        return payload["value"] * 2

    assert hooks.publish("tests.nobody_listens", value=1) == []
    hooks.subscribe("tests.doubling", handler)
    hooks.subscribe("tests.doubling", handler)  # registering twice is harmless (ready() may rerun)
    assert hooks.has_subscribers("tests.doubling")
    assert hooks.publish("tests.doubling", value=21) == [42]
    assert seen == [{"value": 21}]
