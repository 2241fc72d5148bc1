"""infra/template.json is the one source of truth: the models and the local stack agree with it."""
from chalicelib.storage.models import ReportItem, ViewItem
from infra.local.provision import CREATORS, load_template


def test_every_index_the_models_query_exists_with_the_same_keys():
    table = load_template()["Resources"]["MainTable"]["Properties"]
    template_indexes = {
        index["IndexName"]: [(k["AttributeName"], k["KeyType"]) for k in index["KeySchema"]]
        for index in table["GlobalSecondaryIndexes"]
    }
    for model in (ViewItem, ReportItem):
        for name, index in model._indexes.items():
            keys = sorted((k["AttributeName"], k["KeyType"]) for k in index._get_schema()["key_schema"])
            assert sorted(template_indexes.get(name, [])) == keys, name


def test_the_local_stack_creates_every_resource_type_of_the_template():
    types = {resource["Type"] for resource in load_template()["Resources"].values()}
    assert types <= set(CREATORS), types - set(CREATORS)


def test_queues_have_dead_letter_queues():
    resources = load_template()["Resources"]
    queues = {name: r for name, r in resources.items() if r["Type"] == "AWS::SQS::Queue"}
    for name, queue in queues.items():
        if "DeadLetter" in name:
            continue
        target = queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        assert target in queues, name
