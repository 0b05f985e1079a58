"""The ANT trainings a teacher followed, for the training record (issue 10, point 5)."""
