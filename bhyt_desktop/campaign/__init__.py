"""The campaign's daily work: committee members, collectors, contributions, door-to-door lists."""
