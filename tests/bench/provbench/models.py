from django.db import models


class BenchNote(models.Model):
    title = models.CharField(max_length=100)
    added_column = models.CharField(max_length=50, blank=True, default="")

    def __str__(self) -> str:
        return self.title
