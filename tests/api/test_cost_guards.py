"""The quick subset of `python -m tests.bench_costs` that `make test` runs: each of issue 17's
rows outside the mailbox within its goal at small sizes, background work included."""
from chalicelib.container import services
from tests.bench_costs import dashboard_cost, search_costs, submit_cost, sweep_costs


def test_submitting_a_notice_reads_the_same_however_many_the_poster_runs(api, pump):
    one, many = submit_cost(api, pump, 1), submit_cost(api, pump, 8)
    assert many.ok and many.meter.read == one.meter.read, (one.meter.read, many.meter.read)


def test_union_paid_and_word_searches_stay_within_their_page_budgets(api, pump):
    for cost in search_costs(api, pump, 12):
        assert cost.ok, cost.row()


def test_the_casting_dashboard_reads_no_notice(api, pump):
    cost = dashboard_cost(api, pump, 6)
    assert cost.ok, cost.row()


def test_an_hourly_sweep_reads_only_what_fell_due_since_the_last(api, pump):
    first, second = sweep_costs(pump, services(), 3)
    assert first.ok and second.ok, (first.row(), second.row())
