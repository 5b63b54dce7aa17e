"""Fixtures shared by the integration tests."""

from tests.integration.sales_org import org

__all__ = ["org"]
