"""The campaign's daily work: committee members and their villages, collectors and their
pay (the incentive sheet), households renewing, household contributions, door-to-door lists."""
